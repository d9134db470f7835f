-- Adds a silo and bumps the table version in one statement, only if the caller saw the current version. The version
-- row is locked first, so no other writer can move the version between the check and the bump.
WITH current_version AS (
    SELECT version FROM orleansmembershipversiontable
    WHERE deploymentid = @DeploymentId AND version = @Version
    FOR UPDATE
),
inserted AS (
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM current_version
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING
    RETURNING 1
),
bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId AND EXISTS (SELECT 1 FROM inserted)
    RETURNING 1
)
SELECT count(*)::integer FROM bumped;

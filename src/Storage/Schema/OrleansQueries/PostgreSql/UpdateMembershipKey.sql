-- Updates a silo's row and bumps the table version together, only if the caller saw the current version.
WITH current_version AS (
    SELECT version FROM orleansmembershipversiontable
    WHERE deploymentid = @DeploymentId AND version = @Version
    FOR UPDATE
),
updated AS (
    UPDATE orleansmembershiptable
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
      AND EXISTS (SELECT 1 FROM current_version)
    RETURNING 1
),
bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId AND EXISTS (SELECT 1 FROM updated)
    RETURNING 1
)
SELECT count(*)::integer FROM bumped;

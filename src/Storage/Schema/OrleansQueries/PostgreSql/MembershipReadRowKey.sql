-- The version row comes back even when the silo has no row yet (LEFT JOIN).
SELECT v.deploymentid AS "DeploymentId", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.siloname AS "SiloName", m.hostname AS "HostName", m.status AS "Status", m.proxyport AS "ProxyPort",
       m.suspecttimes AS "SuspectTimes", m.metadatajson AS "MetadataJson", m.starttime AS "StartTime",
       m.iamalivetime AS "IAmAliveTime", v.version AS "Version"
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
    ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;

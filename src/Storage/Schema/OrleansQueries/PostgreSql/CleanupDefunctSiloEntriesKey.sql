-- Rows of silos that stopped heart-beating long ago, except active ones (status 3).
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3;

UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;

-- Orleans cluster membership (ADO.NET clustering). Only PostgreSQL: the embedded SQLite store runs one silo.
CREATE TABLE orleansmembershipversiontable (
    deploymentid varchar(150) PRIMARY KEY,
    timestamp    timestamptz  NOT NULL DEFAULT now(),
    version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable (
    deploymentid varchar(150)  NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)   NOT NULL,
    port         integer       NOT NULL,
    generation   integer       NOT NULL,
    siloname     varchar(150)  NOT NULL,
    hostname     varchar(150)  NOT NULL,
    status       integer       NOT NULL,
    proxyport    integer,
    suspecttimes varchar(8000),
    metadatajson text, -- written by newer Orleans versions; 10.4 neither sends nor reads it
    starttime    timestamptz   NOT NULL,
    iamalivetime timestamptz   NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

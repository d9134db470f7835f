-- Orleans reminders (ADO.NET). GrainId is wider than upstream's varchar(150): a domain grain's id carries the grain
-- type and a domain name of up to 253 characters (orleans#9653). Range reads filter on GrainHash: indexed here.
CREATE TABLE orleansreminderstable (
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(600) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);
CREATE INDEX ix_orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

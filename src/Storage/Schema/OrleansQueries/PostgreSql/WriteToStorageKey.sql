-- One statement: insert the first version, or update when the caller holds the current version. When the caller's
-- version is stale, the caller's own version comes back so that Orleans raises InconsistentStateException.
WITH written AS (
    INSERT INTO orleansstorage AS s
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    VALUES
        (@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, COALESCE(@GrainIdExtensionString, ''), @ServiceId, @PayloadBinary, now(), 1)
    ON CONFLICT (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
    DO UPDATE SET payloadbinary = excluded.payloadbinary, modifiedon = now(), version = s.version + 1
        WHERE s.version = CAST(@GrainStateVersion AS integer)
    RETURNING s.version
)
SELECT version AS "NewGrainStateVersion" FROM written
UNION ALL
SELECT CAST(@GrainStateVersion AS integer) WHERE NOT EXISTS (SELECT 1 FROM written);

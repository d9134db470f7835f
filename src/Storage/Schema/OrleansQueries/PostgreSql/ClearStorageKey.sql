-- ClearStateAsync keeps the row and bumps the version; a stale caller gets its own version back (a conflict).
WITH cleared AS (
    UPDATE orleansstorage
    SET payloadbinary = NULL, modifiedon = now(), version = version + 1
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND graintypestring = @GrainTypeString AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '') AND serviceid = @ServiceId
      AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT CAST(@GrainStateVersion AS integer) WHERE NOT EXISTS (SELECT 1 FROM cleared);

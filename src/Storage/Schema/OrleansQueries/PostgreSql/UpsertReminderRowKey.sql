-- Returns the row's new version (0 on first insert), which Orleans uses as the reminder's ETag.
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE SET
    starttime = excluded.starttime,
    period = excluded.period,
    grainhash = excluded.grainhash,
    version = orleansreminderstable.version + 1
RETURNING version AS "Version";

DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;

"""The write side of the monthly cycle: a new plan (init, with pasted findings), a month's
progress file, one action's update, and ``g2g import`` of update returns and figure files."""

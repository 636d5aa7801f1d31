"""The write side of the monthly cycle: init, month and update."""

"""The hostile-input campaign of issue 12: see bench/hostile_campaign.py."""

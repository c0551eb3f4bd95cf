"""People's actions: their profile and addresses, the second factor, reviewers chased."""

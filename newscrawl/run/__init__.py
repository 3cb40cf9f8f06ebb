"""Run bookkeeping: what one crawl of a site leaves behind and what the next run remembers.

`ledger` (the run's one bookkeeping object, reached through `ledger.ledger_of`), `state` (the
run state between runs: SQLite or Redis, commit and recovery of output files), `feeds` (atomic
feed storage), `lock` (one run per site), `manifest`, `monitors`, `outcome` (did the run
fail, and why), `nearindex` (MinHash signatures and the in-memory near-duplicate index).
"""

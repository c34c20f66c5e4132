"""The Board dashboard and the Board pack: figures from every app, aggregated in the database, each shown as a
table (with a chart where one helps) and offered as CSV."""

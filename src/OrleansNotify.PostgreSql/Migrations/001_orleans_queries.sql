-- The catalogue the Orleans ADO.NET providers read at start-up ("SELECT QueryKey, QueryText FROM
-- OrleansQuery"). Each provider looks its statements up by key, binds parameters by name and reads
-- result columns by name, so those names are the contract; the SQL behind them is ours.
-- Every script re-states its rows with ON CONFLICT DO UPDATE, so re-running a script is harmless.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

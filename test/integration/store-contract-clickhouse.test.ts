// The store contract (test/helpers/store-contract.ts) against the ClickHouse adapter and a real
// clickhouse-server started for this file; each test gets a database of its own.
import { openClickHouseStore } from '../../electron/core/store/clickhouse/index.js';
import { uniqueDatabase } from '../helpers/clickhouse-server.js';
import { useClickHouseServer } from '../helpers/clickhouse-per-file.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const clickHouse = useClickHouseServer();

describeStoreContract('clickhouse', () => openClickHouseStore(clickHouse().url(uniqueDatabase())));

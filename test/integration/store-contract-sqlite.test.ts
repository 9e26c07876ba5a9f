// The store contract (test/helpers/store-contract.ts) against the SQLite adapter: each test a
// database file of its own in a temporary folder.
import { openSqliteStore } from '../../electron/core/store/sqlite/adapter.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { tempDbPath } from '../helpers/temp.js';

describeStoreContract('sqlite', async () => openSqliteStore({ path: tempDbPath() }));

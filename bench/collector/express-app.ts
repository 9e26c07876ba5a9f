// An Express app for the middleware-overhead benchmark: `express-app.ts <collector URL | none>`.
// With a collector URL it runs our middleware (first, as the README says); with `none`, without.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { logbridgeExpress } from '../../sdk/node/index.js';

const collector = process.argv[2] ?? 'none';
const app = express();
const middleware = collector === 'none' ? null : logbridgeExpress({ collector });
if (middleware) app.use(middleware);
app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id, name: 'Ada', plan: 'pro' });
});
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`express listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
// Deliver what the middleware still holds before exiting, as a real app's shutdown hook would.
process.on('SIGTERM', () => server.close(() => void (middleware?.client.close() ?? Promise.resolve()).then(() => process.exit(0))));

import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/api.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';

export type AppInfo = CallOutput<'app.info'>;

export function useAppInfo(client: Client, onFatal: (err: CallFailed) => void): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    client.call('app.info', {}).then(
      (value) => {
        if (live) setInfo(value);
      },
      (err: unknown) => {
        if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
        else console.error(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, onFatal]);
  return info;
}

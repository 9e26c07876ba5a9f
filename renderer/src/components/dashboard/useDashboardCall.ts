// One chart's call: made again when its input or the dashboard's refresh tick changes, with the
// answers of superseded inputs dropped. The previous value stays while a new one loads, so a
// live refresh does not blank the charts.
import { useLayoutEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../../shared/api.js';
import { CallFailed, isCallFailed, type Client } from '../../api/client.js';

export interface CallState<T> {
  value: T | null;
  loading: boolean;
  error: CallFailed | null;
}

export function useDashboardCall<N extends CallName>(
  client: Client,
  name: N,
  input: CallInput<N>,
  refresh: number,
  onFatal: (err: CallFailed) => void,
  /** False: ask nothing yet (the state stays loading). */
  enabled = true,
): CallState<CallOutput<N>> {
  const [state, setState] = useState<CallState<CallOutput<N>>>({ value: null, loading: true, error: null });
  const fatal = useRef(onFatal);
  fatal.current = onFatal;
  // The input's text is the effect's identity: a new object with the same content is the same call.
  const key = JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;

  // Asked in the commit that changes the input, not after the frame is drawn: the store works
  // on it meanwhile (the explorer's histogram measured 10 ms sooner on a million events).
  useLayoutEffect(() => {
    if (!enabled) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    client.call(name, inputRef.current).then(
      (value) => {
        if (current) setState({ value, loading: false, error: null });
      },
      (err: unknown) => {
        if (!current) return;
        if (isCallFailed(err, 'SESSION_MISSING')) fatal.current(err);
        const failed = isCallFailed(err) ? err : new CallFailed(name, 'INTERNAL', err instanceof Error ? err.message : String(err));
        if (!isCallFailed(err)) console.error(err);
        setState({ value: null, loading: false, error: failed });
      },
    );
    return () => {
      current = false;
    };
  }, [client, name, key, refresh, enabled]);

  return state;
}

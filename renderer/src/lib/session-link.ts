// Session ids anywhere in the UI are links to their timeline: cells and panes deep in the tree
// reach the navigation through this context instead of a prop threaded through every table.
import { createContext, useContext } from 'react';

/** Opens a session's timeline, centred on `focus` (an event id) when given. */
export type OpenSession = (sessionId: string, focus?: string) => void;

export const SessionLinkContext = createContext<OpenSession | null>(null);

export const useOpenSession = (): OpenSession | null => useContext(SessionLinkContext);

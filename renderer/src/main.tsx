import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles/app.css';
import { applyTheme, storedTheme } from './lib/theme.js';

// Before the first render, so the page never flashes the other theme; from then on the
// status line's theme switch follows the system (or not).
applyTheme(storedTheme())();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

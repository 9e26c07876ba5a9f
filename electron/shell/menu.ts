// The application menu: File (Open…, Quit), the standard Edit/View/Window menus, and on macOS
// the app menu. Behaviour lives in the callbacks main.ts passes in.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFiles(): void;
  /** Development builds get Reload and the DevTools; packaged ones do not. */
  isDev: boolean;
}

export function buildMenu(actions: MenuActions, platform: NodeJS.Platform = process.platform): Menu {
  const isMac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push({
    label: '&File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFiles() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  });
  template.push({ role: 'editMenu' });
  template.push({
    label: '&View',
    submenu: [
      ...(actions.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  return Menu.buildFromTemplate(template);
}

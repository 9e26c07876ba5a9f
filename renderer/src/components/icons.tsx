// A few line icons, drawn as React SVG elements (no icon font, no external requests).
import type { ReactNode } from 'react';

function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {children}
    </svg>
  );
}

export const SearchIcon = () => (
  <Icon>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5 14 14" />
  </Icon>
);

export const FileIcon = () => (
  <Icon>
    <path d="M9 1.75H4.25a1 1 0 0 0-1 1v10.5a1 1 0 0 0 1 1h7.5a1 1 0 0 0 1-1V5.5z" />
    <path d="M9 1.75V5.5h3.75" />
  </Icon>
);

/** The open box under the upload and download arrows. */
const tray = <path d="M2.5 10.5v2a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-2" />;

export const UploadIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M8 10.5V2.5M4.75 5.75 8 2.5l3.25 3.25" />
    {tray}
  </Icon>
);

export const CloseIcon = () => (
  <Icon size={14}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
);

export const CopyIcon = () => (
  <Icon size={14}>
    <rect x="5.25" y="5.25" width="8" height="8" rx="1" />
    <path d="M10.75 5.25v-2a1 1 0 0 0-1-1h-6.5a1 1 0 0 0-1 1v6.5a1 1 0 0 0 1 1h2" />
  </Icon>
);

export const CheckIcon = () => (
  <Icon size={14}>
    <path d="M3 8.5 6.5 12 13 4.5" />
  </Icon>
);

export const AlertIcon = () => (
  <Icon size={14}>
    <path d="M8 1.75 1.25 13.75h13.5z" />
    <path d="M8 6.5v3M8 11.75v.01" />
  </Icon>
);

export function LogoMark() {
  return (
    <svg className="logo-mark" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
      <rect x="1" y="1" width="18" height="18" rx="5" fill="currentColor" />
      <path d="M5 13.5c2.2-5 7.8-5 10 0" className="logo-ink" strokeWidth="1.8" fill="none" strokeLinecap="round" />
      <path d="M4.5 13.5h11" className="logo-ink" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

export const BookmarkIcon = () => (
  <Icon>
    <path d="M4.25 2.25h7.5v11.5L8 11l-3.75 2.75z" />
  </Icon>
);

export const DownloadIcon = () => (
  <Icon>
    {tray}
    <path d="M8 2.5v8M4.75 7.25 8 10.5l3.25-3.25" />
  </Icon>
);

import type { MouseEvent } from 'react';
import { navigate } from '../lib/use-location';

const LINKS = [
  { href: '/', label: 'Live' },
  { href: '/history', label: 'History' },
];

function onNavigate(event: MouseEvent<HTMLAnchorElement>, href: string): void {
  // Let modified clicks open a new tab as usual.
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

export function Nav({ pathname }: { pathname: string }) {
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.map(({ href, label }) => (
        <a
          key={href}
          href={href}
          aria-current={pathname === href ? 'page' : undefined}
          onClick={(event) => onNavigate(event, href)}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

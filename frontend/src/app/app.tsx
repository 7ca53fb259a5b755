import { HistoryPage } from '../features/history/components/history-page';
import { LivePage } from '../features/live/components/live-page';
import { usePathname } from '../lib/use-location';
import { Nav } from './nav';

export function App() {
  const pathname = usePathname();
  const isHistory = pathname.replace(/\/+$/, '') === '/history';
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Electrolyzer telemetry</h1>
        <Nav pathname={isHistory ? '/history' : '/'} />
      </header>
      <main className="app-main">{isHistory ? <HistoryPage /> : <LivePage />}</main>
    </div>
  );
}

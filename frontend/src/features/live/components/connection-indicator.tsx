import type { ConnectionStatus } from '../hooks/use-telemetry-stream';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

export function ConnectionIndicator({
  status,
  onReconnect,
}: {
  status: ConnectionStatus;
  onReconnect: () => void;
}) {
  return (
    <div className="connection">
      <span className={`connection-state connection-${status}`} role="status" data-testid="connection-status" data-state={status}>
        <span className="connection-dot" aria-hidden="true" />
        {LABELS[status]}
      </span>
      {status === 'offline' || status === 'reconnecting' ? (
        <button type="button" className="link-button" onClick={onReconnect}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}

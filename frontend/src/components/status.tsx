/** Explicit loading, empty and error states, shared by every screen. */

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="status status-loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="status status-empty">{children}</p>;
}

export function ErrorMessage({ title = 'Error', message }: { title?: string; message: string }) {
  return (
    <div className="status status-error" role="alert">
      <strong>{title}:</strong> {message}
    </div>
  );
}

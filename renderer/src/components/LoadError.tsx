/** A failed load, said in words, with a way to try again. */
export function LoadError({ what, error, onRetry }: { what: string; error: Error; onRetry(): void }) {
  return (
    <div className="card" role="alert">
      <p>
        {what} could not load: {error.message}
      </p>
      <button type="button" className="btn" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

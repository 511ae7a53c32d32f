import { Component, Suspense, type ReactNode } from 'react';
import { Skeleton } from '../components/Skeleton';

/** While a screen's chunk loads: its title and grey blocks where its content will be. */
function ScreenSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={`Loading ${label}`}>
      <header className="page-header">
        <div>
          <h1>{label}</h1>
        </div>
      </header>
      <Skeleton className="screen-skeleton" />
    </div>
  );
}

interface BoundaryState {
  error: Error | null;
}

/** A screen whose chunk could not be fetched (the app was updated, or the server stopped) says so and offers a retry. */
export class ChunkErrorBoundary extends Component<{ label: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="card" role="alert">
        <p>
          {this.props.label} could not load: {this.state.error.message}
        </p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}

/** Wraps the active screen: a skeleton while its code loads, a retry if it cannot. */
export function ScreenBoundary({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ChunkErrorBoundary key={label} label={label}>
      <Suspense fallback={<ScreenSkeleton label={label} />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

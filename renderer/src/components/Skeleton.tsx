import './components.css';

/** A grey shimmering block that holds the place of content still loading (size via className). */
export function Skeleton({ className = '' }: { className?: string }) {
  return <span className={`skeleton skeleton-block ${className}`} aria-hidden="true" />;
}

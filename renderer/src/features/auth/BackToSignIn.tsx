/** The way back from a side step of signing in (forgotten password, code, new password) to the sign-in form. */
export function BackToSignIn({ onBack }: { onBack(): void }) {
  return (
    <p className="auth-switch">
      <button type="button" className="link-button" onClick={onBack}>
        Back to sign in
      </button>
    </p>
  );
}

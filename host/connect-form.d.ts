// Types of connect-form's host script (connect-form.js). The event payloads are documented in the README,
// "Embedding".

/** A connection as the form reports it: never a secret. */
export interface ConnectedConnection {
  id: string;
  provider: string;
  workspace?: string;
  createTime?: string;
  status?: 'created' | 'working' | 'bad_credentials' | string;
}

export interface ConnectedDetail {
  connection: ConnectedConnection;
  /** True when an existing connection's credentials were updated. */
  updated: boolean;
}

/** The API's problem details, as far as the form read them. */
export interface ProblemDetail {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  remedy?: string;
  retryable?: boolean;
  requestId?: string;
}

export interface ErrorDetail {
  /**
   * Stable: rejected, http_error, unreadable_answer, network, timeout, token, internal, sign_in_denied,
   * sign_in_closed; from the host script itself, `token` (getToken failed) and `load` (mount() could not
   * load the form).
   */
  code: string;
  provider?: string;
  status?: number;
  problem?: ProblemDetail;
}

export interface EmbedOptions {
  /** Where the form is served, e.g. `https://connect.example.com/`. */
  formUrl: string;
  /** The element (or a selector for it) the iframe goes into, or (mount) the form itself. */
  container: HTMLElement | string;
  /** The iframe's accessible name. Default: "Connect your account". (Not used by mount.) */
  title?: string;
  // The form's configuration (README, "Configuration"); parentOrigin is this page's origin. Kept in step
  // with connect_core::config::PARAMS by core/tests/host_params.rs.
  apiBase?: string;
  project: string;
  groupRef: string;
  groupName?: string;
  consumerRef: string;
  consumerName?: string;
  provider?: string;
  providers?: string[] | string;
  module?: string;
  catalog?: 'embedded' | 'live';
  tokenUrl?: string;
  theme?: 'light' | 'dark' | 'auto';
  lang?: string;
  allowTokenImport?: boolean;
  /** `#rgb` or `#rrggbb`. */
  accent?: string;
  /** `0`–`32px` or `0`–`2rem`. */
  radius?: string;
  /** A style sheet of yours, loaded after the form's (https, or a path on the form's origin). */
  stylesheet?: string;
  /** A short-lived API token for the form, asked for when it is ready and whenever it needs a new one. */
  getToken?: () => string | Promise<string>;
  onReady?: () => void;
  onConnected?: (detail: ConnectedDetail) => void;
  onError?: (detail: ErrorDetail) => void;
  onCancel?: (detail: { provider?: string }) => void;
  onResize?: (height: number) => void;
}

export type EmbedResult =
  | { status: 'connected'; connection: ConnectedConnection; updated: boolean }
  | { status: 'cancelled'; provider?: string }
  /** destroy() came first. (A call under way may still complete on the API's side.) */
  | { status: 'destroyed' };

export interface EmbeddedForm {
  iframe: HTMLIFrameElement;
  /** Settles when the user connects (or updates) an account, or cancels a sign-in. */
  done: Promise<EmbedResult>;
  /** Removes the iframe and stops listening; `done` settles with `destroyed` if it had not. */
  destroy(): void;
}

/** Embeds the form in an iframe. */
export function embed(options: EmbedOptions): EmbeddedForm;

/** The iframe's address for these options. */
export function formAddress(options: EmbedOptions): URL;

export interface MountedForm {
  /** The element the form is mounted in (in its shadow root). */
  container: HTMLElement;
  /** Settles when the user connects (or updates) an account, or cancels a sign-in. */
  done: Promise<EmbedResult>;
  /** Settles once the form is on the page; rejects when it could not be loaded (its script, the wasm,
   * or its style sheet). */
  started: Promise<void>;
  /** Removes the form and stops listening (a call under way is no longer waited for); `done` settles
   * with `destroyed` if it had not. */
  destroy(): void;
}

/**
 * Mounts the form in the container itself, in its shadow root, without an iframe (replacing a form
 * mount() put there before); its events are also `CustomEvent`s on the container
 * (`connect-form:connected`, ...; the payload in `detail`). The page's JavaScript can then read what
 * the user types: prefer embed() unless you need this.
 */
export function mount(options: EmbedOptions): MountedForm;

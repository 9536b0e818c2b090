import type { ComponentChildren } from 'preact';
import type { State } from './types.js';

export function StateBadge({ state }: { state: State | string }) {
  return <span class={`badge state-${state.toLowerCase()}`} data-state={state}>{state}</span>;
}

export function ErrorBox({ error }: { error: Error | string | undefined | null }) {
  if (!error) return null;
  return <div class="error-box" role="alert">{typeof error === 'string' ? error : error.message}</div>;
}

export function Card({ title, children, actions }: { title: ComponentChildren; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      <header class="card-head"><h2>{title}</h2>{actions ? <div class="actions">{actions}</div> : null}</header>
      {children}
    </section>
  );
}

export function Loading() {
  return <p class="muted">Loading…</p>;
}

export function formatRate(r: number | null | undefined): string {
  return r === null || r === undefined ? '–' : `${r < 10 ? r.toFixed(1) : Math.round(r)} msg/s`;
}

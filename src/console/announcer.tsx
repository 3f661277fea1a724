import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Background changes (a card blocked, a colleague's step) are read out politely, without moving focus. */
export const AnnounceContext = createContext<(message: string) => void>(() => undefined);
export const useAnnounce = () => useContext(AnnounceContext);

export function LiveRegion({ message }: { message: string }) {
  return (
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {message}
    </div>
  );
}

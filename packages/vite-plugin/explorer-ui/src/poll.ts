/** Reloads what a page shows every `ms` while it is open (queue and workflow state changes on its own). */
import { useEffect } from "preact/hooks";

export function usePolling(reload: () => void, ms = 1000): void {
  useEffect(() => {
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [reload, ms]);
}

import type { Deps } from '../deps';

/**
 * Hook: the demo company's ERP data (sites, customers, items, stock, supply, …) is loaded here
 * through the real sync path, as a nightly run would load it. The ERP sync issue fills it in.
 */
export async function loadDemoErpData(_deps: Deps): Promise<void> {
  // filled by the ERP sync issue
}

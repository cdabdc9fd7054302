export {
  DEMO_PASSWORD,
  DEMO_WEEKS,
  type DemoHistory,
  type DemoHistoryOptions,
  type DemoLogin,
  seedDemo,
} from './demo.service';
export { DemoLoadingGate } from './demo-loading';

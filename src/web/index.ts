export { WebModule } from './web.module';
export { serveWebAssets } from './serve-web-assets';

export { composeGateway, type Gateway } from './compose.ts';

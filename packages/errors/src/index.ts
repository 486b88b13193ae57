export { errorBody, errorInfo, GatewayError, toGatewayError, type ErrorKind } from './gateway-error.ts';

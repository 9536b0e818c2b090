import type { FastifyInstance } from 'fastify';
import { ConnectRestException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import type { ConnectorOffsetsService } from '../worker/connector-offsets.js';

type P = { Params: { connector: string } };

/** KIP-875 `GET/PATCH/DELETE /connectors/{c}/offsets` (the herder's methods when it has them). */
export function registerOffsetsRoutes(app: FastifyInstance, herder: Herder, service: ConnectorOffsetsService | undefined): void {
  const unsupported = (): never => { throw new ConnectRestException(501, 'This worker does not support connector offsets'); };
  app.get<P>('/connectors/:connector/offsets', async (req) =>
    herder.connectorOffsets ? herder.connectorOffsets(req.params.connector) : service ? service.get(req.params.connector) : unsupported());
  app.patch<P>('/connectors/:connector/offsets', async (req) =>
    herder.alterConnectorOffsets ? herder.alterConnectorOffsets(req.params.connector, req.body)
      : service ? service.alter(req.params.connector, req.body) : unsupported());
  app.delete<P>('/connectors/:connector/offsets', async (req) =>
    herder.resetConnectorOffsets ? herder.resetConnectorOffsets(req.params.connector)
      : service ? service.reset(req.params.connector) : unsupported());
}

/**
 * Lambda entry point of the RDS auto-tagger: tags RDS instances and clusters with the configured
 * static tags and their creator when CloudTrail reports them created (see ./handler for behaviour,
 * ./config for the environment contract, ./event-names for the handled events).
 */
import { RDSClient } from "@aws-sdk/client-rds";
import { createLogger } from "../shared/log";
import { type AutotagConfig, readConfig } from "./config";
import { type AutotagHandler, createHandler } from "./handler";

const logger = createLogger();

function loadConfig(): AutotagConfig {
  try {
    return readConfig(process.env);
  } catch (error) {
    logger.error("Invalid configuration", { error });
    throw error;
  }
}

// Read at module load so a bad deployment fails at cold start, before any event is consumed.
const config = loadConfig();

// One client per container, reused by every invocation (keeps its connections warm).
const rds = new RDSClient({});

/** The Lambda handler (`index.handler`). */
export const handler: AutotagHandler = createHandler({ rds, config, logger });

// Every job type, registered by importing its file. Workers and the app import this once.
import "./audit-plan";
import "./audit-stage";
import "./embed-shard";
import "./demo-seed";

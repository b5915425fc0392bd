/* bluebutton: an implementation of the CMS Blue Button 2.0 API. Dispatches to the commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "version.h"

static const struct cmd *const commands[] = {&cmd_load, &cmd_get,  &cmd_serve, &cmd_token,
                                             &cmd_app,  &cmd_user, &cmd_synth, &cmd_admin};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void help(FILE *out)
{
	fprintf(out, "Usage: bluebutton COMMAND [OPTION]...\n"
	             "An implementation of the CMS Blue Button 2.0 API: Medicare claims (CMS RIF\n"
	             "files) served as HL7 FHIR R4 to apps a beneficiary authorizes.\n\n"
	             "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\nOptions:\n"
	             "  --help     show this help; 'bluebutton COMMAND --help' for a command's\n"
	             "  --version  show the version\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		help(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		if (argc > 2) {
			for (size_t i = 0; i < NCOMMANDS; i++)
				if (strcmp(argv[2], commands[i]->name) == 0) {
					fputs(commands[i]->usage, stdout);
					return 0;
				}
			return cmd_usage_error(NULL, "unknown command '%s'", argv[2]);
		}
		help(stdout);
		return 0;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("bluebutton %s\n", BB_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i]->name) == 0)
			return commands[i]->run(argc - 1, argv + 1);
	if (name[0] == '-')
		return cmd_usage_error(NULL, "unknown option '%s'", name);
	return cmd_usage_error(NULL, "unknown command '%s'", name);
}

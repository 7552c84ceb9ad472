# The stack's test/demo accounts and the DAV collections each one gets (see stack.sh header).
# Sourced by scripts/stack.sh; test/support/stack.ts lists the same accounts.
# shellcheck shell=bash disable=SC2034

# user:password
STACK_ACCOUNTS=(
  "alice@example.com:alice-secret"
  "bob@example.com:bob-secret"
  "carol@example.org:carol-secret"
  "demo@example.com:demo-secret"
  "erin@example.com:erin-secret"
  "frank@example.com:frank-secret"
  "grace@example.net:grace-secret"
)

# Mail domains Postfix accepts and hands to Dovecot over LMTP.
STACK_MAIL_DOMAINS=(example.com example.org example.net)

# name:kind:displayname, kind is "addressbook" or a calendar component (VEVENT, VTODO, VJOURNAL).
STACK_COLLECTIONS=(
  "contacts:addressbook:Contacts"
  "calendar:VEVENT:Calendar"
  "tasks:VTODO:Tasks"
  "notes:VJOURNAL:Notes"
  "journal:VJOURNAL:Journal"
)

account_user() { printf '%s' "${1%%:*}"; }
account_password() { printf '%s' "${1#*:}"; }

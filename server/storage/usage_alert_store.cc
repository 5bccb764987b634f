#include "server/storage/usage_alert_store.h"

#include "server/storage/billing_store.h"

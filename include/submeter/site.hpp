#pragma once
/// \file
/// Umbrella header of the whole-site run: the site model, usage, two-part charges, common-area
/// shares, losses, re-rating of the previous month, property fee and rent, accounts, the site
/// report, and run_site with its options; the same run in parts (shard.hpp: usage per part,
/// site-wide totals, bills per part).

#include "submeter/site/accounts.hpp"
#include "submeter/site/allowance.hpp"
#include "submeter/site/estimate_true_up.hpp"
#include "submeter/site/issue.hpp"
#include "submeter/site/live_daily.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_rating.hpp"
#include "submeter/site/live_step.hpp"
#include "submeter/site/losses.hpp"
#include "submeter/site/options.hpp"
#include "submeter/site/pass_through.hpp"
#include "submeter/site/payment_bills.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/range.hpp"
#include "submeter/site/recurring.hpp"
#include "submeter/site/report.hpp"
#include "submeter/site/rerating.hpp"
#include "submeter/site/run.hpp"
#include "submeter/site/shard.hpp"
#include "submeter/site/shares.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/tiered_energy.hpp"
#include "submeter/site/totals.hpp"
#include "submeter/site/transformers.hpp"
#include "submeter/site/two_part.hpp"
#include "submeter/site/usage.hpp"

-- Argo CD health of the sqlmi.io kinds: VirtualCluster, ManagedInstance and Endpoint (one script for the three).
-- Argo CD runs it with the object as `obj` and reads back {status, message}. It uses nothing but Lua's base library,
-- so it runs in any Argo CD. The mapping (docs/install.md#argo-cd):
--   no status yet, or a status written for an older generation          Progressing
--   state Failed; a private endpoint Rejected or Disconnected           Degraded
--   state Stopped                                                       Suspended
--   state Creating, Resizing, Updating, Stopping, Starting, Deleting,   Progressing
--     Pending (a virtual cluster that resizes keeps serving, but is not settled)
--   state Ready or Approved with condition Ready=True                   Healthy
--   any other state: condition Ready=True is Healthy, else Progressing
local health = {status = "Progressing", message = "Waiting for the sqlmi operator to report a status"}
if obj.status == nil then
  return health
end

local ready = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    end
  end
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if observed == nil and ready ~= nil then
  observed = ready.observedGeneration
end
if generation ~= nil and observed ~= generation then
  health.message = "The sqlmi operator has not reconciled generation " .. generation .. " yet"
  if observed ~= nil then
    health.message = health.message .. " (the status is of generation " .. observed .. ")"
  end
  return health
end

local degraded = {Failed = true, Rejected = true, Disconnected = true}
local progressing = {Creating = true, Resizing = true, Updating = true, Stopping = true, Starting = true,
  Deleting = true, Pending = true}
local state = obj.status.state
if state ~= nil and degraded[state] then
  health.status = "Degraded"
elseif state == "Stopped" then
  health.status = "Suspended"
elseif state ~= nil and progressing[state] then
  health.status = "Progressing"
elseif ready ~= nil and ready.status == "True" then
  health.status = "Healthy"
end

if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
  health.message = ready.message
elseif state ~= nil then
  health.message = state
else
  health.message = "Waiting for the Ready condition"
end
if state ~= nil and health.status ~= "Healthy" then
  health.message = state .. ": " .. health.message
end
return health

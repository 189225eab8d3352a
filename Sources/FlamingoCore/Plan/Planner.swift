/// The plan for one run: each module's actions in registry order.
public struct Plan: Sendable {
    public struct Step: Sendable {
        public var module: String
        public var result: Result<ModulePlan, PlanFailure>
    }
    public var steps: [Step]
}

/// A module that could not plan at all (the sysroot could not be read).
public struct PlanFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Runs every module's planning against the sysroot. Pure with respect to the sysroot: reads only.
public enum Planner {
    public static func plan(_ context: PlanContext, modules: [any Module.Type] = ModuleRegistry.all) -> Plan {
        Plan(steps: modules.map { module in
            do {
                return Plan.Step(module: module.name, result: .success(try module.plan(context)))
            } catch {
                return Plan.Step(module: module.name, result: .failure(PlanFailure(description: "\(error)")))
            }
        })
    }
}

/// The modules in the order they run: each line's comment says why it is where it is.
public enum ModuleRegistry {
    public static let all: [any Module.Type] = [
        SetHostname.self,        // first, as in cloud-init's init stage: nothing depends on it, it is cheap
        SSHAuthorizedKeys.self,  // after identity (users come before their keys once users exist)
    ]
}
